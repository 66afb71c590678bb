import type { IncomingHttpHeaders } from 'node:http';
import type { Principal } from './auth';
import { type Access } from './config';
import type { Deps, OrgConfig } from './context';
import type { OrgView } from './key-view';
/** `X-Organisation-Identity` (slug or identity) → an organisation the principal belongs to. */
export declare function resolveOrg(deps: Deps, principal: Principal, h: IncomingHttpHeaders): {
    org: OrgConfig;
    access: Access;
};
export declare const orgView: (deps: Deps, o: OrgConfig) => OrgView;
/** `X-Project-Identity` header (or `?project=`), slug or identity; null means organisation scope. */
export declare function resolveProject(o: OrgConfig, h: IncomingHttpHeaders, query: URLSearchParams): string | null;
/** Region by slug or identity: unknown → 404, KMS not offered there → 503. */
export declare function resolveRegion(deps: Deps, wanted: string): string;
