import { type KmsRoute } from './context';
export declare const cryptoRoutes: KmsRoute[];
