// A box heard of for the first time — by its hello, a pairing code or a progress report — is registered here,
// within bounds (new boxes per address per day, boxes in all), so invented device ids cannot grow the tables
// without limit.
import { TV_DEVICES_MAX, TV_NEW_DEVICES_PER_ADDRESS_PER_DAY } from '../constants.ts';
import { AppError } from '../domain/errors.ts';
import type { DeviceRepository, DeviceRow } from '../tv-api/device-repository.ts';

const DAY_MS = 24 * 3600 * 1000;

/** The box `id`, registered now if it is new; throws 429 / 503 when the bounds on new boxes are reached. */
export function knownBox(devices: DeviceRepository, id: string, address: string, now: Date): DeviceRow {
  const known = devices.get(id);
  if (known) return known;
  const since = new Date(now.getTime() - DAY_MS).toISOString();
  if (devices.countNewFrom(address, since) >= TV_NEW_DEVICES_PER_ADDRESS_PER_DAY) {
    throw new AppError(429, 'too_many_new_devices', '这个网络地址今天新出现的机顶盒太多了，请明天再试或联系管理员。');
  }
  if (devices.count() >= TV_DEVICES_MAX) {
    throw new AppError(503, 'device_limit_reached', '服务器登记的机顶盒已经到上限了，请联系管理员。');
  }
  const at = now.toISOString();
  const row: DeviceRow = { id, first_address: address, first_seen_at: at, last_seen_at: at, credited_until: at };
  devices.insert(row);
  return row;
}
