import { GraphGateway } from '../../src/core/graph/GraphGateway';
import { createTokenClient } from '../../src/core/graph/tokenClient';

/** A gateway over real HTTP to a Graph-compatible URL (the demo tenant), as the workbench and CLI build it. */
export function gatewayFor(url: string, token: string, maxRetries = 3): GraphGateway {
  return new GraphGateway(createTokenClient({ baseUrl: url, getToken: async () => token, maxRetries }), url);
}
