import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiProvider } from './api';
import { App } from './App';
import { ThemeProvider } from './theme';
import './styles/base.css';
import './styles/components.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

const api = window.pumpEta;
if (!api) {
  // Opened outside Electron (or the preload failed): say so plainly instead of a blank window.
  root.textContent = 'Pump ETA cannot reach its core: start it with `npm start` or the installed app.';
} else {
  createRoot(root).render(
    <StrictMode>
      <ThemeProvider>
        <ApiProvider api={api}>
          <App />
        </ApiProvider>
      </ThemeProvider>
    </StrictMode>,
  );
}
