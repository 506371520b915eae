import type { Target } from '../../../project/project-types.js';
import { AdminClient, type AdminClientOptions } from './admin-client.js';

/** `http(s)://host:admin_port` of an amp target (profiles.yml defaults: localhost, 1610, no TLS). */
export function adminBaseUrl(target: Target): string {
  const host = typeof target.host === 'string' && target.host ? target.host : 'localhost';
  const port = typeof target.admin_port === 'number' ? target.admin_port : 1610;
  const hostPart = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host; // an IPv6 literal
  return `${target.tls === true ? 'https' : 'http'}://${hostPart}:${port}`;
}

/** An AdminClient for an amp target of profiles.yml, sending its `token` when it has one. */
export function adminClientForTarget(target: Target, options: Omit<AdminClientOptions, 'baseUrl' | 'token'> = {}): AdminClient {
  const token = typeof target.token === 'string' && target.token ? target.token : undefined;
  const timeoutMs = typeof target.timeout_seconds === 'number' ? target.timeout_seconds * 1000 : undefined;
  return new AdminClient({ ...options, baseUrl: adminBaseUrl(target), token, ...(timeoutMs === undefined ? {} : { timeoutMs }) });
}
