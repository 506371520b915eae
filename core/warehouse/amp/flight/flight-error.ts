import { status, type ServiceError } from '@grpc/grpc-js';
import { AdapterError } from '../../adapter-error.js';
import type { AmpConnection } from '../amp-connection.js';

/**
 * A failed Flight call as an AdapterError a person can act on. An unreachable server is `connect-failed`
 * naming host:port; refused credentials are `connect-failed` pointing at the token; anything else is
 * `sql-error` carrying the server's own message (the gRPC status details, which is where Amp puts the
 * planner's or executor's error). The token is scrubbed from every message.
 */
export function flightError(error: unknown, connection: AmpConnection): AdapterError {
  if (error instanceof AdapterError) return error;
  const grpcError = error as Partial<ServiceError>;
  const details = connection.redact(String(grpcError.details || grpcError.message || error));
  const where = `Amp Flight at ${connection.flightAddress}`;
  switch (grpcError.code) {
    case status.UNAVAILABLE:
      return new AdapterError('connect-failed', `cannot connect to ${where}: ${socketReason(details)}`, {
        hint: `check host and flight_port of target '${connection.targetName}' in profiles.yml and that ampd serves Flight there`
          + (connection.tls ? ' with TLS (or set tls: false)' : ' without TLS (set tls: true if it needs TLS)'),
      });
    case status.UNAUTHENTICATED:
    case status.PERMISSION_DENIED:
      return new AdapterError('connect-failed', `${where} refused the request: ${details}`, {
        hint: connection.token
          ? `check the token of target '${connection.targetName}' (token: in profiles.yml, e.g. "{{ env_var('AMP_TOKEN') }}")`
          : `target '${connection.targetName}' has no token: add token: to it in profiles.yml, e.g. "{{ env_var('AMP_TOKEN') }}"`,
      });
    case status.DEADLINE_EXCEEDED:
      return new AdapterError('connect-failed', `${where} did not answer in time: ${details}`, {
        hint: 'check that the server is reachable and not overloaded',
      });
    default:
      return new AdapterError('sql-error', details, { hint: null });
  }
}

/**
 * grpc-js's reason for an unreachable server, shortened: `No connection established. Last error: Error:
 * connect ECONNREFUSED 127.0.0.1:1602. Resolution note: ` becomes `ECONNREFUSED` (the address is in the message).
 */
function socketReason(details: string): string {
  const code = /\bconnect (E[A-Z]+)\b/.exec(details)?.[1];
  // grpc-js ends the reason with the time it failed (`Protocol error (2026-11-27T12:21:09.153Z)`): noise in a message.
  return code ?? details.replace(/\s*Resolution note:\s*$/, '').replace(/\s*\(\d{4}-\d\d-\d\dT[\d:.]+Z\)/g, '').trim();
}
