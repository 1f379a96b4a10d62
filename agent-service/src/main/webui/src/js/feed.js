// The selected agent's change feed (GET /v1/agents/{id}/events): block, passage and run events, pushed by the server.
import { sse } from './api.js';

export class Feed {
  constructor(agentId, onEvent, onState) {
    this.agentId = agentId;
    this.onEvent = onEvent;
    this.onState = onState;
    this.controller = new AbortController();
    this.run();
  }

  async run() {
    while (!this.controller.signal.aborted) {
      try {
        for await (const frame of sse('GET', `/v1/agents/${this.agentId}/events`, undefined, this.controller.signal)) {
          if (frame.event === 'ready') this.onState('live');
          else this.onEvent(frame.event, frame.data);
        }
      } catch (e) {
        if (this.controller.signal.aborted) return;
        this.onState('offline', e.message);
      }
      if (this.controller.signal.aborted) return;
      this.onState('reconnecting');
      await new Promise((r) => setTimeout(r, 2000));
    }
  }

  close() {
    this.controller.abort();
  }
}
