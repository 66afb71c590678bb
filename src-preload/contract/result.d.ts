import type { AppError } from './errors';
/** What every IPC call returns: errors are values, never thrown across the boundary. */
export type Result<T> = {
    ok: true;
    value: T;
} | {
    ok: false;
    error: AppError;
};
export declare const ok: <T>(value: T) => Result<T>;
export declare const err: (error: AppError) => Result<never>;
