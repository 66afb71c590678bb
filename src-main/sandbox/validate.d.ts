import type { z } from 'zod';
/** Parse a request body; the 400 names the first offending field and what it needed. */
export declare function parseBody<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S>;
