/// <reference types="vitest" />
// Vite: builds the SPA into dist/ (served by the C++ server); `npm run dev` proxies /api to a
// running server (VOICEAGENT_URL, default http://127.0.0.1:8080), WebSocket included.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const target = process.env.VOICEAGENT_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  server: { proxy: { '/api': { target, ws: true } } },
  preview: { proxy: { '/api': { target, ws: true } } },
  build: { outDir: 'dist', sourcemap: false },
  test: { environment: 'node', include: ['src/**/*.test.ts'] },
});
