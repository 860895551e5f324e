import distribution from "./impostor-scores.json";
import { fitTail, type ImpostorDistribution } from "./expected-false-alerts";

/** The measured impostor distribution of the current model, and its fitted tail (browser-safe). */
export const IMPOSTOR_DISTRIBUTION: ImpostorDistribution = distribution;
export const IMPOSTOR_TAIL = fitTail(distribution.scores);
