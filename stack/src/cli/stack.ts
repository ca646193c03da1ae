/** `npm run stack:up|down|status|logs`: the local stack without Docker. */
import fs from 'node:fs';
import { loadStackConfig } from '../config/stack-config';
import { logFiles, stackDown, stackStatus, stackUp } from '../stack';

async function main(command: string | undefined, args: string[]): Promise<number> {
  const cfg = loadStackConfig();
  switch (command) {
    case 'up':
      await stackUp(cfg);
      console.log('stack is up (npm run stack:status, npm run stack:down)');
      return 0;
    case 'down':
      await stackDown(cfg);
      return 0;
    case 'status': {
      const statuses = await stackStatus(cfg);
      for (const s of statuses) {
        const log = s.logFile && !s.up ? ` (log: ${s.logFile})` : '';
        console.log(`${s.up ? 'up  ' : 'DOWN'}  ${s.name.padEnd(9)} ${s.url}  ${s.detail}${log}`);
      }
      return statuses.every((s) => s.up) ? 0 : 1;
    }
    case 'logs': {
      const lines = Number(args[0] ?? 40);
      for (const proc of logFiles(cfg)) {
        if (!fs.existsSync(proc.logFile)) continue;
        const text = fs.readFileSync(proc.logFile, 'utf8').split('\n');
        console.log(`==> ${proc.logFile} <==\n${text.slice(-lines - 1).join('\n')}`);
      }
      return 0;
    }
    default:
      console.error('usage: stack.ts up|down|status|logs [lines]');
      return 2;
  }
}

main(process.argv[2], process.argv.slice(3)).then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`stack: ${err.message}`);
    process.exit(1);
  },
);
