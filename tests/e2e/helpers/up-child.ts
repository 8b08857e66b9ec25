/**
 * Runs `pulumi up` of a definitions stack in its own process, so a test can SIGKILL it (with the engine and the
 * dynamic-provider process) mid-flight: `tsx up-child.ts '<json>'` with {projectName, workDir, declared}.
 * Engine output goes to stdout; the stack's config already lives in its work directory.
 */
import { definitionsProgram, type DeclaredDefinition } from "./program";
import { createInlineStack } from "./stack";

interface ChildArgs {
  projectName: string;
  workDir: string;
  declared: DeclaredDefinition[];
}

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2]) as ChildArgs;
  const t = await createInlineStack({
    projectName: args.projectName,
    workDir: args.workDir,
    program: definitionsProgram(() => args.declared),
  });
  process.stdout.write("child: up starting\n");
  const up = await t.stack.up({ onOutput: (out) => process.stdout.write(out) });
  process.stdout.write(`child: up finished ${up.summary.result}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`child: ${error.message}\n`);
  process.exit(1);
});
