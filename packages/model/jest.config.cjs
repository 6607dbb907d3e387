module.exports = {
  displayName: 'model',
  preset: '../../jest.preset.js',
};
