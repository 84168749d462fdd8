import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

export type Theme = 'dark' | 'light';
const STORAGE_KEY = 'pump-eta.theme';

function storedTheme(): Theme {
  try {
    return window.localStorage.getItem(STORAGE_KEY) === 'light' ? 'light' : 'dark';
  } catch {
    return 'dark';
  }
}

const ThemeContext = createContext<{ theme: Theme; toggle: () => void }>({
  theme: 'dark',
  toggle: () => undefined,
});

/** Sets the theme on <html> at once, so colours read during the same render are already the new ones. */
function applyTheme(theme: Theme): Theme {
  document.documentElement.dataset.theme = theme;
  try {
    window.localStorage.setItem(STORAGE_KEY, theme);
  } catch {
    // Storage can be unavailable; the theme still applies for this session.
  }
  return theme;
}

/** Dark by default (a dim control room); the choice is remembered on this computer. */
export function ThemeProvider({ children }: { children: ReactNode }) {
  const [theme, setTheme] = useState<Theme>(() => applyTheme(storedTheme()));
  const toggle = useCallback(() => setTheme(applyTheme(theme === 'dark' ? 'light' : 'dark')), [theme]);
  const value = useMemo(() => ({ theme, toggle }), [theme, toggle]);
  return <ThemeContext.Provider value={value}>{children}</ThemeContext.Provider>;
}

export function useTheme() {
  return useContext(ThemeContext);
}

export interface ChartColors {
  readonly text: string;
  readonly muted: string;
  readonly grid: string;
  readonly champion: string;
  readonly challenger: string;
  readonly better: string;
  readonly worse: string;
  readonly reference: string;
}

const FALLBACK: ChartColors = {
  text: '#dde3ea',
  muted: '#9aa7b4',
  grid: '#2f3a45',
  champion: '#8fa3b8',
  challenger: '#6fa8dc',
  better: '#7fbf8e',
  worse: '#e0b15c',
  reference: '#9aa7b4',
};

/**
 * Chart colours from the theme's CSS variables: SVG attributes cannot use var(), and inline styles are
 * what the CSP forbids, so the values are read once per theme and passed as props.
 */
export function useChartColors(): ChartColors {
  const { theme } = useTheme();
  return useMemo(() => {
    // `theme` is why this recomputes: the variables below change with it.
    void theme;
    const style = getComputedStyle(document.documentElement);
    const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
    return {
      text: read('--text', FALLBACK.text),
      muted: read('--text-muted', FALLBACK.muted),
      grid: read('--border', FALLBACK.grid),
      champion: read('--chart-champion', FALLBACK.champion),
      challenger: read('--chart-challenger', FALLBACK.challenger),
      better: read('--ok', FALLBACK.better),
      worse: read('--warn', FALLBACK.worse),
      reference: read('--text-muted', FALLBACK.reference),
    };
  }, [theme]);
}
