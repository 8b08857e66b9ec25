/** Checks a package folder for missing files and undeclared dependencies (see package-check.js); [] when complete. */
export function checkPackageDir(dir: string): string[];
