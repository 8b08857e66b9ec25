/** Links this package into node_modules under its own name (see link-self.js); returns the link's path. */
export function linkSelf(): string;
