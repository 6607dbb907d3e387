module.exports = {
  displayName: 'viz',
  preset: '../../jest.preset.js',
};
