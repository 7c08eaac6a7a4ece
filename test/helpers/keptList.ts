/**
 * In a page (page.waitForFunction): whether the app's IndexedDB holds a kept user list. The app writes it as the
 * list shows; a test or benchmark waits for it before the page goes, so the next visit finds it.
 */
export function keptListWritten(): Promise<boolean> {
  return new Promise<boolean>(resolve => {
    const req = indexedDB.open('m365-impressions');
    req.onsuccess = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains('users')) { db.close(); resolve(false); return; }
      const count = db.transaction('users', 'readonly').objectStore('users').count();
      count.onsuccess = () => { db.close(); resolve(count.result > 0); };
      count.onerror = () => { db.close(); resolve(false); };
    };
    req.onerror = () => resolve(false);
  });
}
