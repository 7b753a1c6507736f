// Loads the service definitions from proto/ with the same options the TypeScript types were generated
// with (package.json gen:types), so runtime objects match the types.
import { loadPackageDefinition } from '@grpc/grpc-js';
import { loadSync, type Options } from '@grpc/proto-loader';
import type { ProtoGrpcType as CloudProviderProto } from '../generated/externalgrpc.js';
import type { ProtoGrpcType as HealthProto } from '../generated/health.js';
import { packageFile } from '../package-root.js';

export const LOADER_OPTIONS: Options = { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true };

export function loadCloudProviderProto(): CloudProviderProto {
  return loadPackageDefinition(loadSync('externalgrpc.proto', { ...LOADER_OPTIONS, includeDirs: [packageFile('proto')] })) as unknown as CloudProviderProto;
}

export function loadHealthProto(): HealthProto {
  return loadPackageDefinition(loadSync('health.proto', { ...LOADER_OPTIONS, includeDirs: [packageFile('proto')] })) as unknown as HealthProto;
}
