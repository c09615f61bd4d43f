/**
 * Local embedding-model folders: what they must contain, which are present,
 * and downloading one from a Hugging Face–compatible hub.
 */
export {
  REQUIRED_FILES,
  WEIGHT_FILES,
  SOURCE_FILE,
  inspectModelFolder,
  listModelFolders,
  presentWeights,
  formatBytes,
  hintForModel,
  type ModelFolderInfo,
  type ModelSource,
  type ModelHint,
  type WeightsDtype,
} from './folder.ts';
export {
  pullModel,
  selectModelFiles,
  defaultModelDirName,
  ModelPullError,
  type PullOptions,
  type PullProgress,
  type PullResult,
} from './pull.ts';
