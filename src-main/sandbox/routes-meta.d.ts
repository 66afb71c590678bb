import type { IncomingMessage } from 'node:http';
import type { Principal } from './auth';
import { type Deps, type Reply } from './context';
import { HttpError } from './errors';
/** GET /v1/kms/summary: answers 200 with featureEnabled:false when KMS is off (INFERRED). */
export declare function summary(deps: Deps, principal: Principal, req: IncomingMessage, query: URLSearchParams): Reply;
export declare function memberships(deps: Deps, principal: Principal): Reply;
export declare function projects(deps: Deps, principal: Principal, req: IncomingMessage): Reply;
export declare function regions(deps: Deps): Reply;
/** POST /oidc/token, client_credentials only; OAuth error fields plus `message` like every other error. */
export declare function oidcToken(deps: Deps, req: IncomingMessage, raw: Buffer): Reply;
export declare const kmsOff: (slug: string) => HttpError;
