import { type KmsRoute } from './context';
/** Key management endpoints (reference §2), relative to /v1/kms/{region}. */
export declare const keyRoutes: KmsRoute[];
