// The layout matrix lives in pages/layouts.ts; these names are what the workbench specs import.
export { forEachLayout as eachLayout, shotName } from './pages/layouts'
