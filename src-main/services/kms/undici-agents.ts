/**
 * undici's Agent and EnvHttpProxyAgent with its request API, and nothing else of undici. Its index
 * also builds fetch, WebSocket, the caches and the mocks, and on the way reads Node.js's fetch
 * globals, which makes Node.js load its own copy of undici too: most of the HTTP stack's share of
 * a `tkms keys list`. These are the modules the index takes the two agents from, with the same
 * assignment of the request API (`dispatcher.request`) to every dispatcher.
 */
import Agent from 'undici/lib/dispatcher/agent.js'
import EnvHttpProxyAgent from 'undici/lib/dispatcher/env-http-proxy-agent.js'
import Dispatcher from 'undici/lib/dispatcher/dispatcher.js'
import api from 'undici/lib/api/index.js'

Object.assign(Dispatcher.prototype, api)

export { Agent, EnvHttpProxyAgent }
