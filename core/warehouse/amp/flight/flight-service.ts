import * as grpc from '@grpc/grpc-js';
import {
  decodeFlightData, decodeFlightDescriptor, decodeFlightInfo, decodeTicket,
  encodeFlightData, encodeFlightDescriptor, encodeFlightInfo, encodeTicket,
  type DecodedFlightData, type DecodedFlightInfo, type FlightData, type FlightDescriptor, type FlightInfo, type Ticket,
} from './flight-proto.js';

/**
 * The gRPC service arrow.flight.protocol.FlightService, limited to what a Flight SQL query needs, with our own
 * protobuf codec as (de)serialisers, so it needs no .proto loading. One definition serves both sides:
 * `grpc.makeGenericClientConstructor(flightServiceDefinition, 'FlightService')` for the client and
 * `server.addService(flightServiceDefinition, { GetFlightInfo, DoGet })` (or the camelCase names) for a server.
 * Requests handed to a server are decoded (all fields present); responses it sends may leave fields out.
 */

const SERVICE = '/arrow.flight.protocol.FlightService';

function serializer<T>(encode: (m: T) => Uint8Array): (m: T) => Buffer {
  return (m) => {
    const bytes = encode(m);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
}

export const flightServiceDefinition = {
  /** rpc GetFlightInfo(FlightDescriptor) returns (FlightInfo) */
  GetFlightInfo: {
    path: `${SERVICE}/GetFlightInfo`,
    originalName: 'getFlightInfo',
    requestStream: false,
    responseStream: false,
    requestSerialize: serializer<FlightDescriptor>(encodeFlightDescriptor),
    requestDeserialize: (bytes: Buffer): Required<FlightDescriptor> => decodeFlightDescriptor(bytes),
    responseSerialize: serializer<FlightInfo>(encodeFlightInfo),
    responseDeserialize: (bytes: Buffer): DecodedFlightInfo => decodeFlightInfo(bytes),
  },
  /** rpc DoGet(Ticket) returns (stream FlightData) */
  DoGet: {
    path: `${SERVICE}/DoGet`,
    originalName: 'doGet',
    requestStream: false,
    responseStream: true,
    requestSerialize: serializer<Ticket>(encodeTicket),
    requestDeserialize: (bytes: Buffer): Ticket => decodeTicket(bytes),
    responseSerialize: serializer<FlightData>(encodeFlightData),
    responseDeserialize: (bytes: Buffer): DecodedFlightData => decodeFlightData(bytes),
  },
} satisfies grpc.ServiceDefinition;

/** What a server implements: `server.addService(flightServiceDefinition, implementation)`. */
export interface FlightServiceImplementation extends grpc.UntypedServiceImplementation {
  GetFlightInfo: grpc.handleUnaryCall<Required<FlightDescriptor>, FlightInfo>;
  DoGet: grpc.handleServerStreamingCall<Ticket, FlightData>;
}

/** The client's view of the service (methods named as in the definition). */
export interface FlightServiceClient extends grpc.Client {
  GetFlightInfo(
    request: FlightDescriptor, metadata: grpc.Metadata, options: grpc.CallOptions,
    callback: (error: grpc.ServiceError | null, response?: DecodedFlightInfo) => void,
  ): grpc.ClientUnaryCall;
  DoGet(request: Ticket, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<DecodedFlightData>;
}

const FlightServiceClientConstructor = grpc.makeGenericClientConstructor(flightServiceDefinition, 'FlightService');

/** A FlightService client for `host:port` (e.g. `localhost:1602`). */
export function createFlightServiceClient(address: string, credentials: grpc.ChannelCredentials, options?: grpc.ClientOptions): FlightServiceClient {
  return new FlightServiceClientConstructor(address, credentials, options) as unknown as FlightServiceClient;
}
