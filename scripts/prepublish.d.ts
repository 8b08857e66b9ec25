/** Throws, naming the files, unless `cwd` is a git work tree with nothing to commit (see prepublish.js). */
export function checkCleanTree(cwd: string): void;
