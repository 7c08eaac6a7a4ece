import * as React from 'react';
import { DefaultButton, PrimaryButton } from '@fluentui/react/lib/Button';
import { MessageBar, MessageBarType } from '@fluentui/react/lib/MessageBar';
import { Stack } from '@fluentui/react/lib/Stack';
import { Text } from '@fluentui/react/lib/Text';
import { TextField } from '@fluentui/react/lib/TextField';
import { formatMoney, priceProblem } from '../../core/licences';
import type { ISkuPrice } from '../../core/licences';
import type { IPrices } from './useLicences';

/** Props of PriceEditor. */
export interface IPriceEditorProps {
  skuId: string;
  skuName: string;
  price: ISkuPrice | undefined;
  prices: IPrices;
  /** The currency offered first: the last one entered for any SKU. */
  currencyHint: string;
}

/** A SKU's unit price: shown with who entered it and when; entered or changed by someone the store lets write. */
export function PriceEditor({ skuId, skuName, price, prices, currencyHint }: IPriceEditorProps): JSX.Element {
  const [amount, setAmount] = React.useState(price ? String(price.monthly) : '');
  const [currency, setCurrency] = React.useState(price?.currency ?? currencyHint);
  React.useEffect(() => { setAmount(price ? String(price.monthly) : ''); setCurrency(price?.currency ?? currencyHint); }, [price, currencyHint, skuId]);
  const monthly = Number(amount.replace(',', '.'));
  const code = currency.trim().toUpperCase();
  const problem = amount.trim() === '' ? undefined : priceProblem(monthly, code);
  const ready = amount.trim() !== '' && problem === undefined;
  return (
    <Stack tokens={{ childrenGap: 6 }} data-testid="licences-price">
      <Text>
        {price ? <>Unit price: <strong>{formatMoney({ amount: price.monthly, currency: price.currency })}</strong> a month{price.by ? `, entered by ${price.by}` : ''} on {price.at.slice(0, 10)}.</> : <>No price entered for {skuName}: no cost is shown for it.</>}
      </Text>
      {!prices.readOnly && (
        <Stack horizontal wrap verticalAlign="end" tokens={{ childrenGap: 8 }}>
          <TextField label={`Unit price a month (${skuName})`} value={amount} onChange={(_, v) => setAmount(v ?? '')} inputMode="decimal" styles={{ root: { width: 200 } }} errorMessage={problem} />
          <TextField label="Currency" value={currency} onChange={(_, v) => setCurrency((v ?? '').toUpperCase())} maxLength={3} styles={{ root: { width: 90 } }} />
          <PrimaryButton text={prices.saving ? 'Saving…' : 'Save price'} disabled={!ready || prices.saving} onClick={() => void prices.write(skuId, { monthly, currency: code })} />
          {price && <DefaultButton text="Remove price" disabled={prices.saving} onClick={() => void prices.write(skuId, null)} />}
        </Stack>
      )}
      {prices.writeError && <MessageBar messageBarType={prices.readOnly ? MessageBarType.warning : MessageBarType.error} isMultiline>{prices.writeError}</MessageBar>}
    </Stack>
  );
}
