/** A fresh identity: prefix + '-' + 20 lowercase base32 characters. */
export declare function newIdentity(prefix: string): string;
export declare function stableIdentity(prefix: string, seed: string): string;
/** Slug from a name: lowercase, runs of non-alphanumerics become '-', trimmed of '-'. */
export declare function slugify(name: string): string;
