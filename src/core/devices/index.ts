/** The way into core/devices: a person's devices (Entra and Intune), their parsers, merging and counting. */
export { countDevices, loadUserDevices, mergeDevices, userDevicesOf } from './loadDevices';
export type { IPhysicalDevice } from './loadDevices';
export { COMPLIANCE_LABEL, ENTRA_DEVICE_SELECT, MANAGED_DEVICE_SELECT, OWNER_TYPE_LABEL, TRUST_TYPE_LABEL, dedupeEntra, toEntraDevice, toManagedDevice } from './parse';
export { DEVICE_SCOPES, deviceFailureMayPass, explainDeviceError, isNoIntune } from '../directory/deviceCounts';
export type { DevicePart } from '../directory/deviceCounts';
export type { DeviceSource, IDeviceInfo, IUserDevices } from './types';
