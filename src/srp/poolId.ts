/** A user pool id: `region_name`, the region and the pool name captured. @internal */
export const POOL_ID = /^([\w-]+)_([0-9a-zA-Z]+)$/
