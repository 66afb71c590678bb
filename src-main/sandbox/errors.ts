/** An error that the HTTP layer turns into `{"message": ...}` with the given status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message)
    this.name = 'HttpError'
  }
}

export const badRequest = (m: string): HttpError => new HttpError(400, m)
export const unauthorized = (m: string): HttpError => new HttpError(401, m)
export const forbidden = (m: string): HttpError => new HttpError(403, m)
export const notFound = (m: string): HttpError => new HttpError(404, m)
export const conflict = (m: string): HttpError => new HttpError(409, m)
export const unavailable = (m: string): HttpError => new HttpError(503, m)
