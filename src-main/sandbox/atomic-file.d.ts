/**
 * Write a file so that readers see either the old or the new content, never a torn one:
 * temp file beside the target, fsync, rename over it, then fsync the folder so the rename is durable.
 */
export declare function writeFileAtomic(path: string, data: string | Uint8Array, mode?: number): Promise<void>;
