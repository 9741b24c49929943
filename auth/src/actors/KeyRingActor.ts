// The platform's signing key ring, one actor for every replica: it creates the first key, rotates on
// its reminder (or on demand), and keeps the ring in actor state. Replicas read the ring through the
// sidecar's actor-state API and cache it.
import { AbstractActor } from '@dapr/dapr';
import { daprDuration, readActorState } from '@idp/common';
import { rotateRing, startRing, type KeyRing } from '../domain/keyring.js';
import { generateSigningKey } from '../tokens/keys.js';
import { actorDeps } from './deps.js';
import { ACTORS } from './names.js';

export const KEY_RING_KEY = 'keyring';
const ROTATION_REMINDER = 'rotate-signing-key';

export class KeyRingActor extends AbstractActor {
  private async save(ring: KeyRing): Promise<KeyRing> {
    const state = this.getStateManager<KeyRing>();
    await state.setState(KEY_RING_KEY, ring);
    await state.saveState();
    return ring;
  }

  // Re-registering would restart the period, so the reminder is only created when it is missing
  // (first start, or a scheduler that lost its data).
  override async onActivate(): Promise<void> {
    const { dapr, settings, logger } = actorDeps();
    const id = this.getActorId().getId();
    try {
      if (!(await dapr.hasReminder(ACTORS.keyRing, id, ROTATION_REMINDER))) {
        const every = daprDuration(settings.keyRotationIntervalMs);
        await dapr.registerReminder(ACTORS.keyRing, id, ROTATION_REMINDER, { dueTime: every, period: every, data: { kind: 'rotate' } });
      }
    } catch (error) {
      logger.warn('could not check the key rotation reminder; checking again on next activation', { error: String(error) });
    }
  }

  async ensure(): Promise<KeyRing> {
    const existing = await readActorState<KeyRing>(this.getStateManager(), KEY_RING_KEY);
    if (existing) return existing;
    const now = Date.now();
    return this.save(startRing(await generateSigningKey(now), now));
  }

  async rotate(): Promise<KeyRing> {
    const current = await this.ensure();
    const now = Date.now();
    return this.save(rotateRing(current, await generateSigningKey(now), now));
  }

  override async receiveReminder(data: unknown): Promise<void> {
    if ((data as { kind?: string } | undefined)?.kind !== 'rotate') return;
    try {
      await this.rotate();
      actorDeps().logger.info('signing key rotated');
    } catch (error) {
      // Never throw from a reminder (the SDK would crash the process); the next tick rotates.
      actorDeps().logger.error('signing key rotation failed', { error: String(error) });
    }
  }
}
