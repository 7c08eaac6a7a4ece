import { waitFor } from '@testing-library/react';

/**
 * Waits until the element `find` returns holds `text`, and returns it.
 * Fluent's MessageBar renders its text one timer tick after the bar itself (DelayedRender, so screen
 * readers announce it), so "the element is there" does not yet mean "its words are there".
 */
export async function withText(find: () => HTMLElement, text: string | RegExp): Promise<HTMLElement> {
  let found: HTMLElement | undefined;
  // Up to 5 s: the whole suite on two cores may take more than waitFor's default second (it only waits on failure).
  await waitFor(() => {
    found = find();
    expect(found).toHaveTextContent(text);
  }, { timeout: 5000 });
  return found as HTMLElement;
}
