/** `npm run bench -- [--quick] [--only <name>]`. */
export interface BenchArgs {
  quick: boolean;
  only?: string;
}

export function parseArgs(argv: readonly string[], known: readonly string[]): BenchArgs {
  const args: BenchArgs = { quick: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') args.quick = true;
    else if (arg === '--only') {
      const name = argv[(i += 1)];
      if (!name || !known.includes(name)) {
        throw new Error(`--only takes one of ${known.join(', ')} (got ${name ?? 'nothing'})`);
      }
      args.only = name;
    } else throw new Error(`unknown argument ${arg}; usage: npm run bench -- [--quick] [--only <name>]`);
  }
  return args;
}
