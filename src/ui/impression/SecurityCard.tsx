import * as React from 'react';
import type { IImpressionDirectory } from '../../core/impression';
import { MFA_STATUS_LABEL } from '../../core/directory';
import { explainError } from '../../core/graph';
import { Card, Facts } from './Card';

/** Security: MFA registration and methods, default method, last sign-in (Entra ID P1/P2). */
export const SecurityCard: React.FC<{ directory: IImpressionDirectory }> = ({ directory }) => {
  const mfa = directory.mfa;
  const sign = directory.signIn;
  const why = (e: unknown, t: 'mfa' | 'signIns'): string => { const x = explainError(e, t); return `Unavailable: ${x.detail}${x.action ? ` ${x.action}` : ''}`; };
  const items: Array<[React.ReactNode, React.ReactNode]> =
    mfa.status === 'ready'
      ? [
          ['MFA', MFA_STATUS_LABEL[mfa.data?.status ?? 'notRegistered']],
          ['Methods', mfa.data?.methods.length ? mfa.data.methods.join(', ') : 'None registered'],
          ['Default method', mfa.data?.defaultMethod ?? 'None'],
          ['Admin role', mfa.data?.isAdmin ? 'Yes' : 'No']
        ]
      : [['MFA', mfa.status === 'error' ? why(mfa.error, 'mfa') : '…']];
  items.push(['Last sign-in', sign.status === 'ready' ? sign.data?.replace('T', ' ').slice(0, 16) ?? 'Never' : sign.status === 'error' ? why(sign.error, 'signIns') : '…']);
  return <Card title="Security"><Facts items={items} /></Card>;
};
