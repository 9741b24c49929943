// Every replica's view of the key ring: read through the sidecar's actor-state API (no actor turn),
// cached, reloaded every minute and at once when a token names an unknown kid (at most every 2 s).
import type { DaprClient } from '@idp/common';
import type { KeyRing } from '../domain/keyring.js';
import { ACTORS, KEY_RING_ID } from '../actors/names.js';
import { KEY_RING_KEY } from '../actors/KeyRingActor.js';
import type { KeyRingSource } from './token-service.js';

const MAX_AGE_MS = 60_000;
const MIN_RELOAD_GAP_MS = 2_000;

export class KeyRingCache implements KeyRingSource {
  private ring: KeyRing | undefined;
  private loadedAt = 0;
  private loading: Promise<KeyRing> | undefined;

  constructor(private readonly dapr: DaprClient) {}

  private load(): Promise<KeyRing> {
    this.loading ??= (async () => {
      try {
        const stored = await this.dapr.getActorState<KeyRing>(ACTORS.keyRing, KEY_RING_ID, KEY_RING_KEY);
        this.ring = stored ?? (await this.dapr.invokeActor<KeyRing>(ACTORS.keyRing, KEY_RING_ID, 'ensure'));
        this.loadedAt = Date.now();
        return this.ring;
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }

  async current(): Promise<KeyRing> {
    if (this.ring && Date.now() - this.loadedAt < MAX_AGE_MS) return this.ring;
    return this.load();
  }

  async reload(): Promise<KeyRing> {
    if (this.ring && Date.now() - this.loadedAt < MIN_RELOAD_GAP_MS) return this.ring;
    return this.load();
  }

  /** After this replica rotated the ring itself. */
  async forceReload(): Promise<KeyRing> {
    return this.load();
  }
}
