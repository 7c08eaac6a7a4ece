import * as React from 'react';
import { licenceSkuCounts, licenceWaste } from '../../../core/history';
import type { ICostModel, ILicenceModel } from '../../../core/licences';
import { useServices } from '../services';
import { dailySnapshotFor } from './dailySnapshot';

/**
 * The Licences view hands today's snapshot its waste counts and their cost (the potential saving per currency), and
 * its SKUs (free or paid as it tells them from service plans), once it has computed them; nothing is read for it. No-op without a tenant store or before the model is there.
 */
export function useSnapshotWaste(model: Pick<ILicenceModel, 'skus' | 'availability'> | undefined, cost: Pick<ICostModel, 'totals'> | undefined, directoryVersion: number): void {
  const services = useServices();
  React.useEffect(() => {
    if (!model || !services.tenantStore) return;
    dailySnapshotFor(services).offerWaste(licenceWaste(model, cost), directoryVersion, licenceSkuCounts(model));
  }, [services, model, cost, directoryVersion]);
}
