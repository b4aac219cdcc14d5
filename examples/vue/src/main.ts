import { createApp } from 'vue'
import '../../common/style.css'
import { createExampleClient } from '../../common/createExampleClient'
import App from './App.vue'

createApp(App, { client: createExampleClient() }).mount('#app')
