/** The way into core/devices. */
export type { DeviceSource, IDeviceInfo, IUserDevices } from './types';
