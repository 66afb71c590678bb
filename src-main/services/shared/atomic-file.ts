// Moved to src-main/common (shared with the sandbox, which must not import services); kept for existing imports.
export * from '../../common/atomic-file'
