import type { IncomingMessage, ServerResponse } from 'node:http';
export declare function readBody(req: IncomingMessage): Promise<Buffer>;
/** JSON body or `{}` when empty (rotate, disable, ... take no body). */
export declare function parseJson(raw: Buffer): unknown;
/** Send JSON; with `slowMs` > 0 the body trickles out in pieces over that time (a fault for tests). */
export declare function sendJson(res: ServerResponse, status: number, body: unknown, slowMs?: number): Promise<void>;
