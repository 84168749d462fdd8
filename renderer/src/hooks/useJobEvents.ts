import { useEffect, useReducer } from 'react';
import type { PumpEtaApi } from '../../../contract/index.js';
import { jobsReducer, type JobsState } from './jobs';

const EMPTY: JobsState = {};

/**
 * Every job this window started, by id. Subscribes once for the window's life: events can arrive before
 * the invoke that started the job has returned its id, and must not be lost in between.
 */
export function useJobEvents(api: PumpEtaApi): JobsState {
  const [jobs, dispatch] = useReducer(jobsReducer, EMPTY);
  useEffect(() => api.onJobEvent(dispatch), [api]);
  return jobs;
}
