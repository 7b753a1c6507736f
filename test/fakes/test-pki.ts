// A throwaway test CA with a server certificate for 127.0.0.1/localhost and a client certificate,
// made with the machine's openssl (spawned without a shell) in a temp dir. Nothing here is committed.
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestPki {
  caFile: string;
  key: Buffer;
  cert: Buffer;
  /** Files of the server key and certificate, for servers that take paths. */
  keyFile: string;
  certFile: string;
  /** A client certificate signed by the same CA (for mutual TLS). */
  clientKey: Buffer;
  clientCert: Buffer;
}

export async function makeTestPki(dir: string): Promise<TestPki> {
  const p = (name: string): string => join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await run('openssl', [
    'req', '-x509', ...ec, '-keyout', p('ca.key'), '-out', p('ca.pem'), '-days', '2',
    '-subj', '/CN=rackscaler test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  const issue = async (name: string, cn: string, ext: string) => {
    await run('openssl', ['req', ...ec, '-keyout', p(`${name}.key`), '-out', p(`${name}.csr`), '-subj', `/CN=${cn}`]);
    await writeFile(p(`${name}.ext`), ext);
    await run('openssl', [
      'x509', '-req', '-in', p(`${name}.csr`), '-CA', p('ca.pem'), '-CAkey', p('ca.key'), '-set_serial', String(Date.now()),
      '-days', '2', '-extfile', p(`${name}.ext`), '-out', p(`${name}.pem`),
    ]);
  };
  await issue('server', '127.0.0.1', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n');
  await issue('client', 'cluster-autoscaler', 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n');
  return {
    caFile: p('ca.pem'),
    key: await readFile(p('server.key')),
    cert: await readFile(p('server.pem')),
    keyFile: p('server.key'),
    certFile: p('server.pem'),
    clientKey: await readFile(p('client.key')),
    clientCert: await readFile(p('client.pem')),
  };
}
