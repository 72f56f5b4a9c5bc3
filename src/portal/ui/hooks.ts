// Loading data for a page: one request per key, stale answers ignored, errors kept for display.
import { useEffect, useState } from 'preact/hooks';

export type Loaded<T> = { state: 'loading' } | { state: 'done'; data: T } | { state: 'error'; error: Error };

export function useLoad<T>(key: string | null, load: () => Promise<T>): Loaded<T> {
  const [result, setResult] = useState<Loaded<T>>({ state: 'loading' });
  useEffect(() => {
    if (key === null) return;
    let live = true;
    setResult({ state: 'loading' });
    load().then(
      (data) => live && setResult({ state: 'done', data }),
      (error: unknown) => live && setResult({ state: 'error', error: error instanceof Error ? error : new Error(String(error)) }),
    );
    return () => {
      live = false;
    };
    // `load` is recreated on every render; the key says when it changes meaning.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return result;
}

/** Sets the document title (the page's name first, as screen readers announce it). */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · istio-kb` : 'istio-kb';
  }, [title]);
}
