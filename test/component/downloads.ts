import * as XLSX from 'xlsx';

/** Captures what exportWorkbook hands the browser: the file name and the workbook bytes; `restore` undoes it. */
export function captureDownloads(): { files: Array<{ name: string; blob: Blob }>; restore: () => void } {
  const files: Array<{ name: string; blob: Blob }> = [];
  const blobs = new Map<string, Blob>();
  const urls = URL as unknown as { createObjectURL?: (b: Blob) => string; revokeObjectURL?: (u: string) => void };
  const saved = { create: urls.createObjectURL, revoke: urls.revokeObjectURL };
  urls.createObjectURL = (b: Blob) => { const u = `blob:test/${blobs.size}`; blobs.set(u, b); return u; };
  urls.revokeObjectURL = () => undefined;
  const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    const blob = blobs.get(this.href);
    if (blob) files.push({ name: this.download, blob });
  });
  return { files, restore: () => { click.mockRestore(); urls.createObjectURL = saved.create; urls.revokeObjectURL = saved.revoke; } };
}

/** A downloaded workbook read back (dates as the numbers the cells hold). */
export async function readBack(blob: Blob): Promise<XLSX.WorkBook> {
  const bytes = await new Promise<ArrayBuffer>((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(r.result as ArrayBuffer);
    r.onerror = () => reject(r.error);
    r.readAsArrayBuffer(blob);
  });
  return XLSX.read(new Uint8Array(bytes), { type: 'array', cellDates: false });
}
