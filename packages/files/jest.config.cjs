module.exports = {
  displayName: 'files',
  preset: '../../jest.preset.js',
};
