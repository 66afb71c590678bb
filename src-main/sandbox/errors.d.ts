/** An error that the HTTP layer turns into `{"message": ...}` with the given status. */
export declare class HttpError extends Error {
    readonly status: number;
    constructor(status: number, message: string);
}
export declare const badRequest: (m: string) => HttpError;
export declare const unauthorized: (m: string) => HttpError;
export declare const forbidden: (m: string) => HttpError;
export declare const notFound: (m: string) => HttpError;
export declare const conflict: (m: string) => HttpError;
export declare const unavailable: (m: string) => HttpError;
