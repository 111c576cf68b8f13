/** The EC2 simulator's HTTP server (EC2 Query protocol). */
export { startEc2HttpServer, type Ec2HttpServer, type Ec2HttpServerOptions } from './server';
export { answerQuery, type AccountForAccessKey, type Ec2CallTarget, type QueryAnswer, type QueryCaller, type QueryRequest } from './query-handler';
export { findOperationShapes, type OperationShapes } from './operation-schema';
export { decodeQueryInput, QueryDecodeError } from './query-decoder';
export { encodeResponseXml, escapeXml, EC2_XML_NAMESPACE } from './xml-encoder';
export { encodeErrorXml, errorResponseFor, type ErrorResponse } from './error-response';
export { accessKeyIdOf } from './credentials';
export { StsStandIn, type StsOptions, type StsAnswer } from './sts-handler';
