import type { MulticlassEnsemble } from '../gbdt/index.js';
import { PUMP_CLASSES, type PumpsHead } from '../model/pumps.js';
import { constantTree, ensembleNode } from './export-ensemble.js';
import { AttributeType, TensorDataType, type NodeMessage, type TensorMessage } from './proto.js';

export const PUMPS_OUTPUT = 'pumps_probabilities';

export interface PumpsExport {
  readonly model: MulticlassEnsemble;
  readonly head: PumpsHead;
}

/**
 * The pumps classifier's part of the graph, from the same `features` input: one TreeEnsembleRegressor
 * with five targets (round r's tree for class k adds to target k) gives the raw scores [N, 5], `Mul`
 * by 1/temperature, `Softmax` over the classes → `pumps_probabilities` [N, 5] (1, 2, 3, 4, 5+ pumps).
 * model/pumps.ts repeats these steps in float32.
 */
export function pumpsGraph(
  spec: PumpsExport,
  input: string,
  numFeatures: number,
): { nodes: NodeMessage[]; initializers: TensorMessage[] } {
  const { model, head } = spec;
  if (model.numClasses !== PUMP_CLASSES)
    throw new RangeError(`pumps model has ${model.numClasses} classes, expected ${PUMP_CLASSES}`);
  if (model.numFeatures !== numFeatures)
    throw new RangeError(`pumps model has ${model.numFeatures} features, featureNames has ${numFeatures}`);
  if (!(Number.isFinite(head.temperature) && head.temperature > 0))
    throw new RangeError('pumps temperature must be a positive number');
  const trees = model.rounds.flat();
  const targetOf = model.rounds.flatMap((round) => round.map((_, k) => k));
  // A model without rounds still needs one tree per node: zero leaves leave the base scores alone.
  const allTrees = trees.length > 0 ? trees : [constantTree(0)];
  const allTargets = trees.length > 0 ? targetOf : [0];
  return {
    nodes: [
      ensembleNode('pumps_ensemble', allTrees, allTargets, model.baseScores, input, 'pumps_raw'),
      {
        name: 'pumps_temperature',
        op_type: 'Mul',
        domain: '',
        input: ['pumps_raw', 'pumps_inverse_temperature'],
        output: ['pumps_scaled'],
        attribute: [],
      },
      {
        name: 'pumps_softmax',
        op_type: 'Softmax',
        domain: '',
        input: ['pumps_scaled'],
        output: [PUMPS_OUTPUT],
        attribute: [{ name: 'axis', type: AttributeType.INT, i: 1 }],
      },
    ],
    initializers: [
      {
        name: 'pumps_inverse_temperature',
        dims: [1],
        data_type: TensorDataType.FLOAT,
        float_data: [Math.fround(1 / head.temperature)],
      },
    ],
  };
}
