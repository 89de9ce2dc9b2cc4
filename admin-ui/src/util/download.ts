/** Saves text as a file in the browser (export buttons). */
export function downloadText(filename: string, text: string, type: string): void {
  const blob = new Blob([text], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A file name from a business id like `cluster-activation:<uuid>:protection`. */
export const safeFileName = (id: string) => id.replace(/[^A-Za-z0-9._-]+/g, '_');
