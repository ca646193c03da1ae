/**
 * The repository's Dockerfile as data: its stages and what each one copies, runs and sets, read with
 * dockerfile-ast (the parser of the Dockerfile language server) rather than with regular expressions.
 * Pure: reads the file only. The static test checks the stages with it; the end-to-end test builds
 * what the runtime stage holds from it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DockerfileParser, Env, type Instruction, type ModifiableInstruction } from 'dockerfile-ast';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export interface DockerInstruction {
  keyword: string;
  /** The arguments as written, split on white space (line continuations removed). */
  args: string[];
  /** `--from=build` → `{ from: 'build' }`. */
  flags: Record<string, string>;
  /** An ENV's variables, values unquoted (`A="x y"` → `['A', 'x y']`), as dockerfile-ast reads them. */
  variables?: [string, string][];
}

export interface DockerStage {
  /** The name after `AS`, if any. */
  name: string | undefined;
  image: string;
  instructions: DockerInstruction[];
}

function flagsOf(instruction: Instruction): Record<string, string> {
  const modifiable = instruction as Partial<ModifiableInstruction>;
  if (typeof modifiable.getFlags !== 'function') return {};
  return Object.fromEntries(
    modifiable.getFlags.call(instruction).map((f) => [f.getName(), f.getValue() ?? '']),
  );
}

/** The stages of `file`, in order; each FROM starts one. */
export function readDockerfile(file = path.join(REPO_ROOT, 'Dockerfile')): DockerStage[] {
  const parsed = DockerfileParser.parse(fs.readFileSync(file, 'utf8'));
  const stages: DockerStage[] = [];
  for (const instruction of parsed.getInstructions()) {
    const keyword = instruction.getKeyword();
    const args = instruction.getArguments().map((a) => a.getValue());
    if (keyword === 'FROM') {
      const [image = '', as, name] = args;
      stages.push({ name: as?.toUpperCase() === 'AS' ? name : undefined, image, instructions: [] });
      continue;
    }
    const stage = stages[stages.length - 1];
    if (!stage) throw new Error(`${file}: ${keyword} before the first FROM`);
    const variables =
      instruction instanceof Env
        ? instruction.getProperties().map((p): [string, string] => [p.getName(), p.getValue() ?? ''])
        : undefined;
    stage.instructions.push({
      keyword,
      args,
      flags: flagsOf(instruction),
      ...(variables ? { variables } : {}),
    });
  }
  return stages;
}

/** The instructions of `stage` with `keyword`. */
export function instructionsOf(stage: DockerStage, keyword: string): DockerInstruction[] {
  return stage.instructions.filter((i) => i.keyword === keyword);
}

/** The shell commands of a stage's RUN instructions, each `a && b` chain split into its commands. */
export function runCommands(stage: DockerStage): string[][] {
  return instructionsOf(stage, 'RUN').flatMap((run) =>
    run.args
      .join(' ')
      .split('&&')
      .map((command) => command.trim().split(/\s+/)),
  );
}

/**
 * The variables a stage's ENV instructions set (`NAME=value`, `NAME="a value"` or `NAME value`), as
 * Docker reads them: quotes removed, so a value may hold spaces (NODE_OPTIONS with several flags).
 */
export function envOf(stage: DockerStage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { variables = [] } of instructionsOf(stage, 'ENV')) {
    for (const [name, value] of variables) env[name] = value;
  }
  return env;
}

/** A COPY: its sources, destination and the stage it copies from (undefined: the build context). */
export interface DockerCopy {
  from: string | undefined;
  sources: string[];
  dest: string;
}

export function copiesOf(stage: DockerStage): DockerCopy[] {
  return instructionsOf(stage, 'COPY').map(({ args, flags }) => ({
    from: flags['from'],
    sources: args.slice(0, -1),
    dest: args[args.length - 1] ?? '',
  }));
}

/** The command of an exec-form (JSON) CMD or `HEALTHCHECK ... CMD [...]`. */
export function execForm(instruction: DockerInstruction): string[] {
  const args = instruction.keyword === 'HEALTHCHECK' ? instruction.args.slice(1) : instruction.args;
  const value: unknown = JSON.parse(args.join(' '));
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new Error(`${instruction.keyword} is not in exec form: ${args.join(' ')}`);
  }
  return value;
}
