// Kubernetes protobuf encoding of the objects that cross the wire as bytes (the template Node), from the same .proto files the gRPC service is loaded from.
import { join } from 'node:path';
import protobuf from 'protobufjs';
import type { Node } from '../generated/k8s/io/api/core/v1/Node.js';
import { packageFile } from '../package-root.js';

let root: protobuf.Root | undefined;

function load(): protobuf.Root {
  if (root) return root;
  const dir = packageFile('proto');
  const r = new protobuf.Root();
  r.resolvePath = (_origin, target) => join(dir, target);
  r.loadSync('k8s/core-v1.proto', { keepCase: true });
  return (root = r);
}

export function encodeNode(node: Node): Buffer {
  const type = load().lookupType('k8s.io.api.core.v1.Node');
  return Buffer.from(type.encode(type.fromObject(node)).finish());
}

export function decodeNode(bytes: Uint8Array): Node {
  const type = load().lookupType('k8s.io.api.core.v1.Node');
  return type.toObject(type.decode(bytes), { longs: String }) as Node;
}
